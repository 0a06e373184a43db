//! Office-to-office messages. The issuing office asks the register office whether entries exist
//! for a child; the register office answers only what the law asks (see
//! [`domain::register::RegisterAnswer`]). The question is the same whether the register is
//! hosted on this platform or kept on an office's own node: only the [`Transport`] differs.

pub mod in_process;
pub mod messages;
pub mod responder;
pub mod transport;

pub use in_process::InProcessTransport;
pub use messages::{RegisterQuery, RegisterResponse};
pub use responder::RegisterResponder;
pub use transport::{Transport, TransportError};
