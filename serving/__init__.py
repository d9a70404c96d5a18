"""The Dispute Radar API: risk scores with reasons, the outreach queue, uploads, and batch scoring."""
