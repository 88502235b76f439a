namespace Greeter.Api;

/// <summary>The service's one piece of logic, tested on its own.</summary>
public static class Greeting
{
    public static string For(string? name) =>
        $"hello, {(string.IsNullOrWhiteSpace(name) ? "world" : name.Trim())}";
}
