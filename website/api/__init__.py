"""The shared API toolkit: endpoints declare what they are; pagination, errors, lookups, bulk
operations, portal scoping and the schema are done here, once."""
