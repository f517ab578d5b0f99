using Sekisho.Protocol.Pop3;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Fuzz.Targets;

/// <summary>
/// <c>pop3-command</c>: one POP3 command line (without CRLF) through <see cref="Pop3CommandParser"/>, then an AUTH
/// initial response through <see cref="SaslWire"/>. Invariants: an error exactly when parsing fails, message numbers
/// of 1 or more, line counts of 0 or more.
/// </summary>
internal sealed class Pop3CommandTarget : IFuzzTarget
{
    /// <inheritdoc/>
    public string Name => "pop3-command";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length > FuzzInput.MaxLength)
        {
            return;
        }
        var ok = Pop3CommandParser.TryParse(data, out var command, out var error);
        FuzzInvariantException.Check(ok == (error is null), $"TryParse returned {ok} with error {error}");
        if (!ok)
        {
            return;
        }
        FuzzInvariantException.Check(command.Verb != Pop3Verb.Unknown, "parsed an unknown verb");
        FuzzInvariantException.Check(command.MessageNumber is null or >= 1, $"message number {command.MessageNumber}");
        FuzzInvariantException.Check(command.LineCount is null or >= 0, $"line count {command.LineCount}");
        _ = command.ToString();
        if (command.Verb == Pop3Verb.Auth && command.InitialResponse is { } initial)
        {
            _ = SaslWire.DecodeInitialResponse(initial, out _);
        }
    }
}
