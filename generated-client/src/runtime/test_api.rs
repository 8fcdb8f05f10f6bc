//! An [`Api`] that is not the generated one, so that the runtime is tested
//! on its own: one client-level query parameter, `v`, and `n` as a logged
//! number. The "client" is the pipeline itself.

use crate::runtime::api::Api;
use crate::runtime::pipeline::Pipeline;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TestApi {
    pub(crate) v: String,
}

impl Default for TestApi {
    fn default() -> Self {
        TestApi { v: "1".into() }
    }
}

impl Api for TestApi {
    type Client = Pipeline<TestApi>;
    const LOGGED_QUERY: &'static [&'static str] = &["v", "n"];

    const INTEGER_QUERY: &'static [&'static str] = &["n"];

    const QUERY_DEFAULTS: &'static [(&'static str, &'static str)] = &[("n", "0")];

    fn client(pipeline: Pipeline<Self>) -> Self::Client {
        pipeline
    }

    fn apply(&self, request: &mut reqwest::Request) -> Result<(), String> {
        self.apply_to_url(request.url_mut());
        Ok(())
    }

    fn apply_to_url(&self, url: &mut reqwest::Url) {
        // As the generated `ClientParameters` does: through the runtime's
        // own rewrite, so that these tests run the code generated clients do.
        crate::runtime::url_encoding::replace_query_pairs(url, &[("v", &self.v)]);
    }
}
