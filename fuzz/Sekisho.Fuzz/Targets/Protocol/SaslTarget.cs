using Sekisho.Protocol.Sasl;

namespace Sekisho.Fuzz.Targets;

/// <summary>
/// <c>sasl-MECHANISM</c>: a client's side of one SASL exchange fed to the server mechanism. The input is the client's
/// messages, raw (not base64), separated by LF: the first is the AUTH command's initial response (a first line of
/// just <c>-</c> means none was given), each further one answers the previous challenge. Invariants: only
/// <see cref="FuzzCredentials.User"/> can succeed, under that name; a failure or success ends the exchange.
/// </summary>
internal sealed class SaslTarget : IFuzzTarget
{
    private const int MaxMessages = 8;

    private readonly Func<SaslMechanism> _create;

    /// <summary>Creates the target.</summary>
    /// <param name="name">The target name, e.g. <c>sasl-plain</c>.</param>
    /// <param name="create">Makes a fresh mechanism.</param>
    public SaslTarget(string name, Func<SaslMechanism> create)
    {
        Name = name;
        _create = create;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length > FuzzInput.MaxLength)
        {
            return;
        }
        var messages = FuzzInput.Split(data, (byte)'\n', MaxMessages);
        var mechanism = _create();
        var first = messages[0] is [(byte)'-'] ? null : messages[0];
        var step = mechanism.StepAsync(first, CancellationToken.None).GetAwaiter().GetResult();
        for (var i = 1; i < messages.Count && step.Kind == SaslStepKind.Challenge; i++)
        {
            FuzzInvariantException.Check(!mechanism.IsCompleted, "a challenge from a completed exchange");
            step = mechanism.StepAsync(messages[i], CancellationToken.None).GetAwaiter().GetResult();
        }
        FuzzInvariantException.Check(mechanism.IsCompleted == (step.Kind != SaslStepKind.Challenge),
            $"IsCompleted {mechanism.IsCompleted} after {step.Kind}");
        if (step.Kind == SaslStepKind.Success)
        {
            FuzzInvariantException.Check(step.User == FuzzCredentials.User, $"{mechanism.Name} authenticated \"{step.User}\"");
        }
        _ = step.ToString();
    }
}
