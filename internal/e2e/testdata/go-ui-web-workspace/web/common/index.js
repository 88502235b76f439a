export const greeting = "hello from web/common, linked by the workspace install";
