"""Read content files into records: safe reading, the one YAML reader, schemas, German messages, prose pages."""
