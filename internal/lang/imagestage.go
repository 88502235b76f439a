package lang

import "github.com/org/multistage-frontend/internal/plan"

// ImageStage is a stage that is only image, for files other stages copy from it (Caddy's binary,
// PHP's php.ini-production), for the target platform: what it holds goes into the image.
func ImageStage(name, image, field, description string) *plan.Stage {
	return &plan.Stage{Name: name, Internal: true, Base: plan.Base{Image: image}, Field: field, Description: description}
}

// ToolStage is an ImageStage for the build platform: a tool's binaries that deps or builder copy
// and run there (composer, uv).
func ToolStage(name, image, field, description string) *plan.Stage {
	st := ImageStage(name, image, field, description)
	st.BuildPlatform = true
	return st
}
