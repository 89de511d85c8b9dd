//! ekrov web
