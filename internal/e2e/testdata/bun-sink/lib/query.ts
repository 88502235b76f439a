// read at request time beside this module, as the sink's sql/*.ts modules read their queries
export async function query(): Promise<string> {
  return (await Bun.file(import.meta.dir + "/query.sql").text()).trim();
}
