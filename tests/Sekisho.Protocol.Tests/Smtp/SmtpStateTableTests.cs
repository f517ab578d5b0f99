using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Smtp;

public sealed class SmtpStateTableTests
{
    private const string HeloFirst = "503 5.5.1 Error: send HELO/EHLO first";
    private const string NeedMail = "503 5.5.1 Error: need MAIL command";
    private const string NeedRcpt = "503 5.5.1 Error: need RCPT command";
    private const string Nested = "503 5.5.1 Error: nested MAIL command";
    private const string InTransaction = "503 5.5.1 Error: MAIL transaction in progress";
    private const string RcptAfterBdat = "503 5.5.1 Error: RCPT after BDAT";
    private const string DataAfterBdat = "503 5.5.1 Error: DATA after BDAT";
    private const string BdatInProgress = "503 5.5.1 Error: BDAT in progress";

    /// <summary>The whole matrix: one row per verb, columns Connected, Greeted, MailGiven, RecipientGiven, ChunkingInProgress; null = allowed.</summary>
    private static readonly Dictionary<SmtpVerb, string?[]> Matrix = new()
    {
        [SmtpVerb.Helo] = [null, null, null, null, BdatInProgress],
        [SmtpVerb.Ehlo] = [null, null, null, null, BdatInProgress],
        [SmtpVerb.Mail] = [HeloFirst, null, Nested, Nested, Nested],
        [SmtpVerb.Rcpt] = [HeloFirst, NeedMail, null, null, RcptAfterBdat],
        [SmtpVerb.Data] = [HeloFirst, NeedMail, NeedRcpt, null, DataAfterBdat],
        [SmtpVerb.Bdat] = [HeloFirst, NeedMail, NeedRcpt, null, null],
        [SmtpVerb.Rset] = [null, null, null, null, null],
        [SmtpVerb.Noop] = [null, null, null, null, null],
        [SmtpVerb.Quit] = [null, null, null, null, null],
        [SmtpVerb.Vrfy] = [null, null, null, null, null],
        [SmtpVerb.Expn] = [null, null, null, null, null],
        [SmtpVerb.Help] = [null, null, null, null, null],
        [SmtpVerb.StartTls] = [null, null, InTransaction, InTransaction, InTransaction],
        [SmtpVerb.Auth] = [HeloFirst, null, InTransaction, InTransaction, InTransaction],
        [SmtpVerb.Etrn] = [HeloFirst, null, InTransaction, InTransaction, InTransaction],
        [SmtpVerb.Unknown] = [null, null, null, null, null],
    };

    public static TheoryData<SmtpState, SmtpVerb, string?> AllPairs()
    {
        var data = new TheoryData<SmtpState, SmtpVerb, string?>();
        foreach (var verb in Enum.GetValues<SmtpVerb>())
        {
            foreach (var state in Enum.GetValues<SmtpState>())
            {
                data.Add(state, verb, Matrix[verb][(int)state]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Every_state_and_verb(SmtpState state, SmtpVerb verb, string? expected)
    {
        Assert.Equal(expected, SmtpStateTable.Check(state, verb)?.ToLogString());
    }

    [Theory]
    [InlineData(SmtpState.Connected, SmtpVerb.Mail, HeloFirst)]
    [InlineData(SmtpState.Greeted, SmtpVerb.Data, NeedMail)]
    [InlineData(SmtpState.MailGiven, SmtpVerb.Data, NeedRcpt)]
    [InlineData(SmtpState.RecipientGiven, SmtpVerb.Mail, Nested)]
    [InlineData(SmtpState.ChunkingInProgress, SmtpVerb.Data, DataAfterBdat)]
    public void Refusals_are_503_5_5_1(SmtpState state, SmtpVerb verb, string expected)
    {
        var reply = SmtpStateTable.Check(state, verb)!;
        Assert.Equal(503, reply.Code);
        Assert.Equal("5.5.1", reply.EnhancedCode);
        Assert.Equal(expected + "\r\n", reply.ToString());
    }
}
