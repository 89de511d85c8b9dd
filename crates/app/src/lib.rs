//! ekrov app
