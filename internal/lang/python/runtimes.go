package python

// Runtimes are the runtime aliases Python accepts, for the registry (spec validation, the schema,
// lint). The provider's runtime table maps them to images.
func (Provider) Runtimes() []string { return []string{"slim", "distroless", "alpine"} }
