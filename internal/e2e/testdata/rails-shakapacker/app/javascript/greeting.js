export function greeting (name) {
  return `Welcome to the ${name}`
}
