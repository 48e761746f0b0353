//! Lists of builders of different kinds (the components of a layout, the
//! schemas of a step) that hand back the typed builder just added, so that
//! `l.paragraph("Hi").align(Align::Center)` can configure it.

use std::any::Any;
use std::fmt::Debug;

/// A builder that can be stored behind a trait object and found again.
pub(crate) trait Entry: Any + Debug + Send + Sync {
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Any + Debug + Send + Sync> Entry for T {
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// Pushes `item` (boxed as the list's trait object) and returns it, typed.
pub(crate) fn push_typed<B, T>(list: &mut Vec<Box<T>>, item: B, boxed: fn(B) -> Box<T>) -> &mut B
where
    B: Entry,
    T: ?Sized + Entry,
{
    let index = list.len();
    list.push(boxed(item));
    match list[index].as_mut().as_any_mut().downcast_mut::<B>() {
        Some(item) => item,
        // The entry at `index` was created from a `B` one line above.
        None => unreachable!("entry {index} was just pushed as this type"),
    }
}
