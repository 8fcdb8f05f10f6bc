//! What every example starts with: the ACS Chat mock service
//! (`acs-chat-mock`), started in this process on a loopback port, with
//! one demo thread, three participants and a few messages. Nothing leaves
//! the machine; no Azure resource or token is needed.

use std::time::Duration;

pub use acs_chat_mock::{DEMO_MESSAGES, DEMO_THREAD_ID, DEMO_USERS};

/// The running mock and the demo thread.
pub struct Demo {
    mock: acs_chat_mock::RunningMock,
}

impl Demo {
    /// Starts the mock.
    pub async fn start() -> Result<Demo, Box<dyn std::error::Error>> {
        let mock = acs_chat_mock::MockService::builder().start().await?;
        Ok(Demo { mock })
    }

    /// The endpoint to build a client for (`http://127.0.0.1:<port>`).
    pub fn endpoint(&self) -> &str {
        self.mock.base_url()
    }

    /// An access token for the demo participant `user` (0, 1 or 2), valid
    /// for an hour: what your token service would hand out.
    pub fn token(&self, user: usize) -> String {
        self.mock
            .token_for(DEMO_USERS[user], Duration::from_secs(3600))
    }

    /// Stops the mock.
    pub async fn shutdown(self) {
        self.mock.shutdown().await;
    }
}
