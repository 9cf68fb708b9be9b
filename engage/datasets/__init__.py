"""A consultation's answers as data for analysts, shared by the exports and the API: which columns,
the rows streamed in batches (redacted, staff surveys a ballot box), writers for each file format,
counts per closed question with small groups suppressed, and theme analyses' themes and assignments.
Never commits."""
