using System.Text;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

/// <summary>
/// Runs a mechanism against scripted client messages and writes what the server did, one entry per step:
/// <c>S: challenge text</c>, <c>OK user</c> or <c>FAIL reason</c>, joined with <c> | </c>.
/// </summary>
internal static class SaslTranscript
{
    /// <summary>Stands for an empty client response in '|'-separated scripts.</summary>
    public const string Empty = "(empty)";

    /// <summary>Default options: host and realm <c>elwood.innosoft.com</c>, a fixed nonce.</summary>
    public static SaslServerOptions Options(string nonce = "servernonce", string service = "smtp") => new()
    {
        Hostname = "elwood.innosoft.com",
        DecoyKey = Encoding.ASCII.GetBytes("a decoy key for the tests"),
        CreateNonce = () => nonce,
        Service = service,
    };

    /// <summary>Runs a script: <paramref name="initial"/> is the AUTH initial response (null for none), <paramref name="responses"/> the later lines separated by '|'.</summary>
    public static Task<string> RunAsync(SaslMechanism mechanism, string? initial, string responses) =>
        RunAsync(mechanism, Bytes(initial), responses.Length == 0 ? [] : responses.Split('|').Select(r => Bytes(r)!).ToArray());

    /// <summary>Runs a script of raw messages.</summary>
    public static async Task<string> RunAsync(SaslMechanism mechanism, byte[]? initial, params byte[][] responses)
    {
        var transcript = new List<string>();
        var step = await mechanism.StepAsync(initial, CancellationToken.None);
        var next = 0;
        while (true)
        {
            transcript.Add(Describe(step));
            if (step.Kind != SaslStepKind.Challenge || next == responses.Length)
            {
                break;
            }
            step = await mechanism.StepAsync(responses[next++], CancellationToken.None);
        }
        if (next < responses.Length)
        {
            transcript.Add("UNUSED " + (responses.Length - next));
        }
        return string.Join(" | ", transcript);
    }

    public static string Describe(SaslStep step) => step.Kind switch
    {
        SaslStepKind.Challenge => "S: " + Encoding.UTF8.GetString(step.Data),
        SaslStepKind.Success => "OK " + step.User,
        _ => "FAIL " + step.Reason,
    };

    private static byte[]? Bytes(string? text) => text switch
    {
        null => null,
        Empty => [],
        _ => Encoding.UTF8.GetBytes(text),
    };
}
