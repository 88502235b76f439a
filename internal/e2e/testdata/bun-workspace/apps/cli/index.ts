// A command-line greeter beside the API: the API's image must not hold it or its dependencies.
import kleur from "kleur";
import { greet } from "@bunws/greet";

console.log(kleur.green(greet(process.argv[2])));
