//! The operation slots of an OpenAPI path item, in one place.

use openapiv3::{Operation, PathItem};

/// The HTTP methods a path item can hold, in `openapiv3`'s order.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation slot of `item` with its method, for rewriting in place
/// (`PathItem::iter` gives only shared references to the present ones).
pub fn slots_mut(item: &mut PathItem) -> [(&'static str, &mut Option<Operation>); 8] {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ]
}
