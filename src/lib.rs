//! conferral: screens the conferral statements of court motions.
