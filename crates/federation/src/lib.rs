//! Office-to-office messages. The issuing office asks the register office whether entries exist
//! for a child; the register office answers only what the law asks (see
//! [`domain::register::RegisterAnswer`]). The question is the same whether the register is
//! hosted on this platform or kept on an office's own node: only the [`Transport`] differs.
//!
//! Between nodes, messages travel in signed envelopes ([`envelope`]) with keys from the seal
//! trust list ([`keys`]) and a replay guard ([`replay`]); [`HttpTransport`] carries them and
//! [`RoutingTransport`] chooses between HTTP and in-process. Between nodes HTTP runs over TLS
//! with certificates from the platform CA ([`tls`]).

pub mod envelope;
pub mod http;
pub mod in_process;
pub mod keys;
pub mod messages;
pub mod replay;
pub mod responder;
pub mod routing;
pub mod tls;
pub mod transport;

pub use envelope::{EnvelopeError, Signed};
pub use http::{ExchangeObserver, HttpTransport};
pub use in_process::InProcessTransport;
pub use keys::{EnvelopeSigner, KeyResolver, SealerKeys, SealerSigner};
pub use messages::{
    PLATFORM_RELAY_NAME, PLATFORM_RELAY_OFFICE, RegisterEntryNotice, RegisterEntryReceipt,
    RegisterQuery, RegisterResponse, platform_relay,
};
pub use replay::{MemoryReplayGuard, ReplayGuard, ReplayGuardError};
pub use responder::RegisterResponder;
pub use routing::RoutingTransport;
pub use transport::{Transport, TransportError};
