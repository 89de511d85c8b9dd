//! Pure rules of ekrov.
