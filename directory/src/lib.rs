//! The service directory: HSDS import, service records, vector index and ranked search.
