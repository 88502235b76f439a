// A small HTTP API: GET /?name=x answers {"message":"hello, x","dotnet":"10.0.x"}, GET /healthz "ok".
// It listens where ASPNETCORE_HTTP_PORTS says (8080 in the .NET images).
using Greeter.Api;

var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();

app.MapGet("/", (string? name) => Results.Json(new { message = Greeting.For(name), dotnet = Environment.Version.ToString() }));
app.MapGet("/healthz", () => "ok");

app.Run();

// Lets the tests start the app in memory (WebApplicationFactory).
public partial class Program;
