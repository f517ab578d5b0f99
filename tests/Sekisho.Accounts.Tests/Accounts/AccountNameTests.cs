namespace Sekisho.Accounts.Tests.Accounts;

public sealed class AccountNameTests
{
    [Theory]
    [InlineData("alice", true)]
    [InlineData("Alice", true)]
    [InlineData("a", true)]
    [InlineData("john.doe", true)]
    [InlineData("john_doe-2", true)]
    [InlineData("0day", true)]
    [InlineData("_svc", true)]
    [InlineData("", false)]
    [InlineData(".alice", false)]
    [InlineData("-alice", false)]
    [InlineData("alice+tag", false)]
    [InlineData("al ice", false)]
    [InlineData("alice@example.org", false)]
    [InlineData("ali/ce", false)]
    [InlineData("jürgen", false)]
    [InlineData("\u212Aate", false)] // Kelvin sign, which ToLowerInvariant would turn into 'k'
    public void IsValid_follows_the_account_name_rules(string name, bool expected)
    {
        Assert.Equal(expected, AccountName.IsValid(name));
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void IsValid_limits_the_length_to_64(int length, bool expected)
    {
        Assert.Equal(expected, AccountName.IsValid(new string('a', length)));
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("ALICE", "alice")]
    [InlineData("John.Doe", "john.doe")]
    [InlineData("Jürgen", "jürgen")]
    [InlineData("\u212Aate", "\u212Aate")]
    public void Normalize_lower_cases_ascii_only(string name, string expected)
    {
        Assert.Equal(expected, AccountName.Normalize(name));
    }
}
