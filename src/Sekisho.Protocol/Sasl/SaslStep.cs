namespace Sekisho.Protocol.Sasl;

/// <summary>The outcome of one <see cref="SaslMechanism.StepAsync"/> call: a challenge, a success or a failure.</summary>
public sealed class SaslStep
{
    private readonly byte[]? _data;

    private SaslStep(SaslStepKind kind, byte[]? data, string? user, SaslFailure reason)
    {
        Kind = kind;
        _data = data;
        User = user;
        Reason = reason;
    }

    /// <summary>Which of the three outcomes this is.</summary>
    public SaslStepKind Kind { get; }

    /// <summary>The challenge bytes (before base64) when <see cref="Kind"/> is <see cref="SaslStepKind.Challenge"/>; empty otherwise.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>The authenticated user when <see cref="Kind"/> is <see cref="SaslStepKind.Success"/>; null otherwise.</summary>
    public string? User { get; }

    /// <summary>Why the exchange failed when <see cref="Kind"/> is <see cref="SaslStepKind.Failure"/>.</summary>
    public SaslFailure Reason { get; }

    /// <summary>A challenge for the client (the session base64-encodes it after <c>334 </c>).</summary>
    /// <param name="data">The challenge; may be empty.</param>
    public static SaslStep Challenge(ReadOnlySpan<byte> data) => new(SaslStepKind.Challenge, data.ToArray(), null, default);

    /// <summary>The exchange succeeded.</summary>
    /// <param name="user">The authenticated user name, as the client sent it.</param>
    /// <exception cref="ArgumentException"><paramref name="user"/> is null or empty.</exception>
    public static SaslStep Success(string user)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        return new(SaslStepKind.Success, null, user, default);
    }

    /// <summary>The exchange failed.</summary>
    /// <param name="reason">Why.</param>
    public static SaslStep Failure(SaslFailure reason) => new(SaslStepKind.Failure, null, null, reason);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        SaslStepKind.Challenge => "Challenge " + Convert.ToBase64String(Data),
        SaslStepKind.Success => "Success " + User,
        _ => "Failure " + Reason,
    };
}
