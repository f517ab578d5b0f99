using Sekisho.Delivery.Maildrop;

namespace Sekisho.Delivery.Tests.Maildrop;

public sealed class MaildirNameTests
{
    [Theory]
    [InlineData("1700000000.Q3F2A9C1BR0.mail.example.com", "1700000000.Q3F2A9C1BR0.mail.example.com")]
    [InlineData("1700000000.Q3F2A9C1BR0.mail.example.com:2,", "1700000000.Q3F2A9C1BR0.mail.example.com")]
    [InlineData("1700000000.Q3F2A9C1BR0.mail.example.com:2,FRS", "1700000000.Q3F2A9C1BR0.mail.example.com")]
    [InlineData("1700000000.M1P2.host:1,experimental", "1700000000.M1P2.host")]
    [InlineData("a:b:2,S", "a")]
    public void Unique_name_is_everything_before_the_colon(string fileName, string unique)
    {
        Assert.Equal(unique, MaildirName.UniqueName(fileName));
    }

    [Theory]
    // Printable ASCII up to 70 characters: the unique name itself, whatever the flags.
    [InlineData("1700000000.Q3F2A9C1BR0.mail.example.com", "1700000000.Q3F2A9C1BR0.mail.example.com")]
    [InlineData("1700000000.Q3F2A9C1BR0.mail.example.com:2,S", "1700000000.Q3F2A9C1BR0.mail.example.com")]
    [InlineData("1700000000.M1P2.host\\057x\\072y", "1700000000.M1P2.host\\057x\\072y")]
    [InlineData("!~", "!~")]
    // Anything else: x/ and the lower-case hex SHA-256 of the unique name, 66 characters.
    [InlineData("with space", "x/b8b8f25a5fc711caea1cfebfe02359e3ce2b9a8f9ce02d18fdcb1ba47ff095f1")]
    [InlineData("with space:2,S", "x/b8b8f25a5fc711caea1cfebfe02359e3ce2b9a8f9ce02d18fdcb1ba47ff095f1")]
    public void Uidl_comes_from_the_unique_name_only(string fileName, string uidl)
    {
        Assert.Equal(uidl, MaildirName.Uidl(fileName));
    }

    [Theory]
    [InlineData("with space")]
    [InlineData("tab\there")]
    [InlineData("ünïcode.host")]
    [InlineData("del\u007f")]
    [InlineData("1700000000.Q3F2A9C1BR0.a-very-long-host-name.in.a.deeply.nested.subdomain.example.com")]
    [InlineData("")]
    public void Uidl_maps_other_names_to_a_stable_hash(string unique)
    {
        var uidl = MaildirName.Uidl(unique);
        Assert.Matches("^x/[0-9a-f]{64}$", uidl);
        Assert.All(uidl, c => Assert.InRange(c, '!', '~'));
        // The same after a move to cur/ and any flag change.
        Assert.Equal(uidl, MaildirName.Uidl(unique + ":2,S"));
        Assert.Equal(uidl, MaildirName.Uidl(unique + ":2,FRST"));
    }

    [Fact]
    public void Uidl_of_exactly_70_characters_is_kept_and_71_hashed()
    {
        Assert.Equal(new string('a', 70), MaildirName.Uidl(new string('a', 70)));
        Assert.Matches("^x/[0-9a-f]{64}$", MaildirName.Uidl(new string('a', 71)));
    }

    [Theory]
    [InlineData("u", "u:2,S")]
    [InlineData("u:2,", "u:2,S")]
    [InlineData("u:2,S", "u:2,S")]
    [InlineData("u:2,F", "u:2,FS")]
    [InlineData("u:2,T", "u:2,ST")]
    [InlineData("u:2,DFRT", "u:2,DFRST")]
    [InlineData("u:2,FRS", "u:2,FRS")]
    [InlineData("u:2,Sa", "u:2,Sa")]
    [InlineData("u:2,a", "u:2,Sa")]
    [InlineData("u:1,xyz", "u:1,xyz")]
    public void Seen_flag_is_added_in_ascii_order(string fileName, string seen)
    {
        Assert.Equal(seen, MaildirName.WithSeenFlag(fileName));
    }
}
