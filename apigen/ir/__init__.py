"""The intermediate model and the stages that build it (naming, schemas, operations)."""
