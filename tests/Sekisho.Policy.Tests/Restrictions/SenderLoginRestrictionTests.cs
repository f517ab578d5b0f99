using System.Net;
using Sekisho.Policy.Restrictions;
using static Sekisho.Policy.Tests.Restrictions.PolicyHarness;

namespace Sekisho.Policy.Tests.Restrictions;

/// <summary>Postfix's three sender/login checks, with an owner table: info@ is shared, alice@ is alice's, stranger@ has no owner.</summary>
public sealed class SenderLoginRestrictionTests
{
    private static readonly PolicyEnvironment Environment = new()
    {
        MyNetworks = (_, _) => null,
        IsLocalDomain = domain => domain.Equals("example.test", StringComparison.OrdinalIgnoreCase),
        IsRelayDomain = _ => false,
        LocalRecipientExists = (_, _) => Task.FromResult(true),
        SenderLoginOwners = address => address switch
        {
            "info@example.test" => ["alice", "bob"],
            "alice@example.test" => ["alice"],
            _ => null,
        },
    };

    [Theory]
    [InlineData("reject_sender_login_mismatch", "<alice@example.test>", "alice", "-")]
    [InlineData("reject_sender_login_mismatch", "<alice@example.test>", "alice@example.test", "-")]
    [InlineData("reject_sender_login_mismatch", "<alice@example.test>", "ALICE", "-")]
    [InlineData("reject_sender_login_mismatch", "<info@example.test>", "bob", "-")]
    [InlineData("reject_sender_login_mismatch", "<alice@example.test>", "bob", "553 5.7.1 <alice@example.test>: Sender address rejected: not owned by user bob")]
    [InlineData("reject_sender_login_mismatch", "<stranger@example.test>", "bob", "553 5.7.1 <stranger@example.test>: Sender address rejected: not owned by user bob")]
    [InlineData("reject_sender_login_mismatch", "<alice@example.test>", null, "553 5.7.1 <alice@example.test>: Sender address rejected: not logged in")]
    [InlineData("reject_sender_login_mismatch", "<stranger@example.test>", null, "-")]
    [InlineData("reject_sender_login_mismatch", "<>", "bob", "-")]
    [InlineData("reject_authenticated_sender_login_mismatch", "<alice@example.test>", null, "-")]
    [InlineData("reject_authenticated_sender_login_mismatch", "<alice@example.test>", "bob", "553 5.7.1 <alice@example.test>: Sender address rejected: not owned by user bob")]
    [InlineData("reject_unauthenticated_sender_login_mismatch", "<alice@example.test>", "bob", "-")]
    [InlineData("reject_unauthenticated_sender_login_mismatch", "<alice@example.test>", null, "553 5.7.1 <alice@example.test>: Sender address rejected: not logged in")]
    public async Task Decides_like_postfix(string name, string sender, string? login, string expected)
    {
        var restriction = BuiltinRestrictions.Create(name, Environment)!;
        var verdict = await restriction.EvaluateAsync(new RestrictionContext
        {
            Client = new ClientContext(IPAddress.Parse("192.0.2.9"), "unknown", "client.example"),
            Sender = Sender(sender),
            SaslUser = login,
        }, RestrictionListName.Sender, CancellationToken.None);
        Assert.Equal(expected, verdict.Reply?.ToLogString() ?? "-");
    }
}
