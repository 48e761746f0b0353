//! `setters!`: the builders' setters that only store their argument in one
//! member, written one line each, so that the many alike stay alike.
//!
//! Each line is the setter's name and parameter, as its signature spells
//! them, then where the argument goes; the doc comment above it is kept:
//!
//! ```text
//! setters! {
//!     /// Wire `title` (required).
//!     title(title: impl Into<String>) => Some(title);
//! }
//! ```
//!
//! expands, inside the builder's `impl`, to
//!
//! ```text
//! /// Wire `title` (required).
//! pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
//!     self.inner.title = Some(title.into());
//!     self
//! }
//! ```
//!
//! The forms, `field` being the member of `self.inner` that is set:
//!
//! * `name(arg: T) => Some(field)` / `=> field`: an option, or a member that
//!   is always present. `T` is `impl Into<String>`, `impl Into<Value>`,
//!   `bool`, `i64`, `u64`, or `impl Into<Size | Align | Context |
//!   StackBehavior>` (read the way the wire spells them, see `input::size`).
//!   These types are matched by name and written out with their full paths,
//!   so the calling module need not import them.
//! * `name(arg: impl Into<Value>) => optional(field)`: JSON where `null`
//!   unsets the option (see `input::optional_value`).
//! * `name<S: Into<String>>(arg: impl IntoIterator<Item = S>) => append(field)`:
//!   appends strings to a list.
//! * `name(configure: impl FnOnce(&mut B)) => Some(field) at "wire"`: a
//!   nested object built by `configure` on a fresh `B`; its problems replace
//!   earlier ones under the member `wire`. Also `=> Some(Box::new(field))
//!   at "wire"`, and `=> field at "wire", flag = true` for a required member
//!   whose builder records that it was set.
//! * `name(configure: impl FnOnce(&mut B)) => append(field) at "wire"`: the
//!   items a list builder `B` (`LayoutBuilder`, `SchemaBuilder`) adds are
//!   appended, their problems under `wire/<index>`.
//! * `name(arg: impl IntoModel<M>) => Some(field) at "wire"` (and the
//!   `Some(Box::new(field))` and `field …, flag = true` forms): a finished
//!   value, another build's result or raw JSON, resolved under `wire`.
//!
//! The builder `B` and the model type `M` are paths resolved where the
//! setter is written. Every builder using it has `inner` (the model value)
//! and `issues` fields.
//!
//! Setters that do more (check their input, report a problem, fill several
//! members) are written by hand next to these.

/// A list member that can be appended to: a `Vec`, or an optional one that
/// is created by the first append.
pub(crate) trait ListMember<T> {
    /// The list, created empty if it is an unset option.
    fn list_mut(&mut self) -> &mut Vec<T>;
}

impl<T> ListMember<T> for Vec<T> {
    fn list_mut(&mut self) -> &mut Vec<T> {
        self
    }
}

impl<T> ListMember<T> for Option<Vec<T>> {
    fn list_mut(&mut self) -> &mut Vec<T> {
        self.get_or_insert_with(Vec::new)
    }
}

/// Writes setters from one line each (see the module docs for the forms).
macro_rules! setters {
    () => {};

    // The parameter type a value setter is declared with.
    (@param impl Into<String>) => { impl Into<String> };
    (@param impl Into<Value>) => { impl Into<serde_json::Value> };
    (@param impl Into<Size>) => { impl Into<flow_model::Size> };
    (@param impl Into<Align>) => { impl Into<flow_model::Align> };
    (@param impl Into<Context>) => { impl Into<flow_model::Context> };
    (@param impl Into<StackBehavior>) => { impl Into<flow_model::StackBehavior> };
    (@param bool) => { bool };
    (@param i64) => { i64 };
    (@param u64) => { u64 };

    // What a value setter stores for its argument.
    (@convert $arg:ident: impl Into<String>) => { $arg.into() };
    (@convert $arg:ident: impl Into<Value>) => { $arg.into() };
    (@convert $arg:ident: impl Into<Size>) => { $crate::input::size($arg) };
    (@convert $arg:ident: impl Into<Align>) => { $crate::input::align($arg) };
    (@convert $arg:ident: impl Into<Context>) => { $crate::input::context($arg) };
    (@convert $arg:ident: impl Into<StackBehavior>) => { $crate::input::stack_behavior($arg) };
    (@convert $arg:ident: bool) => { $arg };
    (@convert $arg:ident: i64) => { $arg };
    (@convert $arg:ident: u64) => { $arg };

    // How a nested value is stored (`self` is passed in: a macro's own `self`
    // is not the method's).
    (@store $self:ident Some(Box::new($field:ident)) $value:expr) => {
        $self.inner.$field = Some(Box::new($value));
    };
    (@store $self:ident Some($field:ident) $value:expr) => {
        $self.inner.$field = Some($value);
    };
    (@store $self:ident $field:ident, $flag:ident $value:expr) => {
        $self.inner.$field = $value;
        $self.$flag = true;
    };

    // name(arg: T) => Some(field);
    ($(#[$meta:meta])* $name:ident($arg:ident: $($ty:tt)+) => Some($field:ident); $($rest:tt)*) => {
        $(#[$meta])*
        pub fn $name(&mut self, $arg: $crate::setters::setters!(@param $($ty)+)) -> &mut Self {
            self.inner.$field = Some($crate::setters::setters!(@convert $arg: $($ty)+));
            self
        }
        $crate::setters::setters!($($rest)*);
    };

    // name(arg: impl Into<Value>) => optional(field);
    ($(#[$meta:meta])* $name:ident($arg:ident: impl Into<Value>) => optional($field:ident); $($rest:tt)*) => {
        $(#[$meta])*
        pub fn $name(&mut self, $arg: impl Into<serde_json::Value>) -> &mut Self {
            self.inner.$field = $crate::input::optional_value($arg);
            self
        }
        $crate::setters::setters!($($rest)*);
    };

    // name<S: Into<String>>(arg: impl IntoIterator<Item = S>) => append(field);
    (
        $(#[$meta:meta])*
        $name:ident<S: Into<String>>($arg:ident: impl IntoIterator<Item = S>) => append($field:ident);
        $($rest:tt)*
    ) => {
        $(#[$meta])*
        pub fn $name<S: Into<String>>(&mut self, $arg: impl IntoIterator<Item = S>) -> &mut Self {
            $crate::setters::ListMember::list_mut(&mut self.inner.$field)
                .extend($arg.into_iter().map(Into::into));
            self
        }
        $crate::setters::setters!($($rest)*);
    };

    // name(configure: impl FnOnce(&mut B)) => append(field) at "wire";
    (
        $(#[$meta:meta])*
        $name:ident($arg:ident: impl FnOnce(&mut $builder:ty)) => append($field:ident) at $wire:literal;
        $($rest:tt)*
    ) => {
        $(#[$meta])*
        pub fn $name(&mut self, $arg: impl FnOnce(&mut $builder)) -> &mut Self {
            let mut list = <$builder>::default();
            $arg(&mut list);
            list.append_to(
                $crate::setters::ListMember::list_mut(&mut self.inner.$field),
                &$crate::issues::member($wire),
                &mut self.issues,
            );
            self
        }
        $crate::setters::setters!($($rest)*);
    };

    // name(configure: impl FnOnce(&mut B)) => Some(field) at "wire";  (or Some(Box::new(field)))
    (
        $(#[$meta:meta])*
        $name:ident($arg:ident: impl FnOnce(&mut $builder:ty)) => Some $store:tt at $wire:literal;
        $($rest:tt)*
    ) => {
        $crate::setters::setters!(@nested [$(#[$meta])*] $name $arg [$builder] $wire [Some $store]);
        $crate::setters::setters!($($rest)*);
    };

    // name(configure: impl FnOnce(&mut B)) => field at "wire", flag = true;
    (
        $(#[$meta:meta])*
        $name:ident($arg:ident: impl FnOnce(&mut $builder:ty))
            => $field:ident at $wire:literal, $flag:ident = true;
        $($rest:tt)*
    ) => {
        $crate::setters::setters!(@nested [$(#[$meta])*] $name $arg [$builder] $wire [$field, $flag]);
        $crate::setters::setters!($($rest)*);
    };

    (@nested [$(#[$meta:meta])*] $name:ident $arg:ident [$builder:ty] $wire:literal [$($store:tt)+]) => {
        $(#[$meta])*
        pub fn $name(&mut self, $arg: impl FnOnce(&mut $builder)) -> &mut Self {
            let (value, issues) = $crate::build::run::<$builder>($arg);
            self.issues.replace(&$crate::issues::member($wire), issues);
            $crate::setters::setters!(@store self $($store)+ value);
            self
        }
    };

    // name(arg: impl IntoModel<M>) => Some(field) at "wire";  (or Some(Box::new(field)))
    (
        $(#[$meta:meta])*
        $name:ident($arg:ident: impl IntoModel<$model:ty>) => Some $store:tt at $wire:literal;
        $($rest:tt)*
    ) => {
        $crate::setters::setters!(@resolved [$(#[$meta])*] $name $arg [$model] $wire [Some $store]);
        $crate::setters::setters!($($rest)*);
    };

    // name(arg: impl IntoModel<M>) => field at "wire", flag = true;
    (
        $(#[$meta:meta])*
        $name:ident($arg:ident: impl IntoModel<$model:ty>)
            => $field:ident at $wire:literal, $flag:ident = true;
        $($rest:tt)*
    ) => {
        $crate::setters::setters!(@resolved [$(#[$meta])*] $name $arg [$model] $wire [$field, $flag]);
        $crate::setters::setters!($($rest)*);
    };

    (@resolved [$(#[$meta:meta])*] $name:ident $arg:ident [$model:ty] $wire:literal [$($store:tt)+]) => {
        $(#[$meta])*
        pub fn $name(&mut self, $arg: impl $crate::input::IntoModel<$model>) -> &mut Self {
            let value = $crate::input::resolve($arg, &$crate::issues::member($wire), &mut self.issues);
            $crate::setters::setters!(@store self $($store)+ value);
            self
        }
    };

    // name(arg: T) => field;
    ($(#[$meta:meta])* $name:ident($arg:ident: $($ty:tt)+) => $field:ident; $($rest:tt)*) => {
        $(#[$meta])*
        pub fn $name(&mut self, $arg: $crate::setters::setters!(@param $($ty)+)) -> &mut Self {
            self.inner.$field = $crate::setters::setters!(@convert $arg: $($ty)+);
            self
        }
        $crate::setters::setters!($($rest)*);
    };
}

pub(crate) use setters;
