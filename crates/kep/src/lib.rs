//! КЕП verification.
