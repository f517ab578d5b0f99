using Sekisho.Protocol.Pop3;

namespace Sekisho.Protocol.Tests.Pop3;

public sealed class Pop3CapabilitiesTests
{
    private const string Always = "TOP | UIDL | RESP-CODES | AUTH-RESP-CODE | PIPELINING | EXPIRE NEVER";

    public static TheoryData<Pop3Capabilities, string> Cases { get; } = new()
    {
        // Nothing to log in with yet (plaintext refused without TLS, no mechanisms): STLS is the way forward.
        { new() { TlsAvailable = true }, Always + " | STLS | IMPLEMENTATION Sekisho" },
        // After STLS: USER and the SASL list, no more STLS.
        {
            new() { TlsAvailable = true, TlsActive = true, PlaintextLoginAllowed = true, SaslMechanisms = ["PLAIN", "login"] },
            Always + " | USER | SASL PLAIN LOGIN | IMPLEMENTATION Sekisho"
        },
        // No certificate: no STLS.
        { new() { PlaintextLoginAllowed = true, SaslMechanisms = ["SCRAM-SHA-256"] }, Always + " | USER | SASL SCRAM-SHA-256 | IMPLEMENTATION Sekisho" },
        // LOGIN-DELAY when configured.
        { new() { LoginDelaySeconds = 900 }, Always + " | LOGIN-DELAY 900 | IMPLEMENTATION Sekisho" },
        // After login the login capabilities go.
        {
            new() { State = Pop3State.Transaction, TlsAvailable = true, PlaintextLoginAllowed = true, SaslMechanisms = ["PLAIN"], LoginDelaySeconds = 60 },
            Always + " | LOGIN-DELAY 60 | IMPLEMENTATION Sekisho"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Announces_what_the_session_can_do_now(Pop3Capabilities capabilities, string expected)
    {
        Assert.Equal(expected, string.Join(" | ", capabilities.Lines()));
    }

    [Fact]
    public void The_response_is_a_multi_line_list()
    {
        var response = new Pop3Capabilities { PlaintextLoginAllowed = true }.ToResponse();
        Assert.Equal(
            "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nEXPIRE NEVER\r\nUSER\r\nIMPLEMENTATION Sekisho\r\n.\r\n",
            response);
    }
}
