"""A consultation's answers as data for analysts, shared by the exports and the API: which columns,
the rows streamed in batches (redacted, staff surveys a ballot box), writers for each file format,
and counts per closed question with small groups suppressed. Never commits."""
