using Greeter.Api;
using Xunit;

namespace Greeter.Api.Tests;

public class GreetingTests
{
    [Theory]
    [InlineData("dotnet", "hello, dotnet")]
    [InlineData("  ", "hello, world")]
    [InlineData(null, "hello, world")]
    public void GreetsWhoItIsGiven(string? name, string expected) => Assert.Equal(expected, Greeting.For(name));
}
