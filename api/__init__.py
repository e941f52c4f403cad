"""The open-data side of the directory: an Open Referral HSDS 3 read-only API
(`clinics api`, api.app) and exports (`clinics export`, api.export). docs/api.md."""
