using Sekisho.Protocol.Pop3;

namespace Sekisho.Protocol.Tests.Pop3;

public sealed class Pop3StateTableTests
{
    private const string NotLoggedIn = "-ERR Not logged in.";
    private const string LoggedIn = "-ERR Already logged in.";
    private const string Closing = "-ERR Logging out.";

    /// <summary>The whole matrix: one row per verb, columns Authorization, Transaction, Update; null = allowed.</summary>
    private static readonly Dictionary<Pop3Verb, string?[]> Matrix = new()
    {
        [Pop3Verb.User] = [null, LoggedIn, Closing],
        [Pop3Verb.Pass] = [null, LoggedIn, Closing],
        [Pop3Verb.Apop] = [null, LoggedIn, Closing],
        [Pop3Verb.Auth] = [null, LoggedIn, Closing],
        [Pop3Verb.Stls] = [null, LoggedIn, Closing],
        [Pop3Verb.Capa] = [null, null, Closing],
        [Pop3Verb.Quit] = [null, null, Closing],
        [Pop3Verb.Stat] = [NotLoggedIn, null, Closing],
        [Pop3Verb.List] = [NotLoggedIn, null, Closing],
        [Pop3Verb.Retr] = [NotLoggedIn, null, Closing],
        [Pop3Verb.Dele] = [NotLoggedIn, null, Closing],
        [Pop3Verb.Noop] = [NotLoggedIn, null, Closing],
        [Pop3Verb.Rset] = [NotLoggedIn, null, Closing],
        [Pop3Verb.Top] = [NotLoggedIn, null, Closing],
        [Pop3Verb.Uidl] = [NotLoggedIn, null, Closing],
        [Pop3Verb.Unknown] = [null, null, null],
    };

    public static TheoryData<Pop3State, Pop3Verb, string?> AllPairs()
    {
        var data = new TheoryData<Pop3State, Pop3Verb, string?>();
        foreach (var verb in Enum.GetValues<Pop3Verb>())
        {
            foreach (var state in Enum.GetValues<Pop3State>())
            {
                data.Add(state, verb, Matrix[verb][(int)state]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Every_state_and_verb(Pop3State state, Pop3Verb verb, string? expected)
    {
        Assert.Equal(expected, Pop3StateTable.Check(state, verb)?.ToLogString());
    }

    [Fact]
    public void Refusals_are_plain_errors_without_response_codes()
    {
        foreach (var state in Enum.GetValues<Pop3State>())
        {
            foreach (var verb in Enum.GetValues<Pop3Verb>())
            {
                if (Pop3StateTable.Check(state, verb) is { } reply)
                {
                    Assert.False(reply.IsOk);
                    Assert.Null(reply.ResponseCode);
                }
            }
        }
    }
}
