namespace Sekisho.Protocol.Sasl;

/// <summary>
/// The server side of one SASL exchange: a small state machine fed with the client's messages, one instance per
/// AUTH command. The session calls <see cref="StepAsync"/> until the result is not a challenge. Instances are not
/// thread-safe and not reusable.
/// </summary>
/// <remarks>
/// Mechanisms that end with a server message (SCRAM's <c>v=</c>, DIGEST-MD5's <c>rspauth=</c>) send it as a last
/// challenge and succeed only when the client answers it with an empty response (RFC 4954 4); anything else there
/// is <see cref="SaslFailure.Malformed"/>. An exception from the credential store propagates and ends the exchange.
/// </remarks>
public abstract class SaslMechanism
{
    private bool _started;

    /// <summary>The mechanism name as advertised, e.g. <c>SCRAM-SHA-256</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The weaknesses that <c>smtpd_sasl_security_options</c> may exclude.</summary>
    public abstract SaslSecurity Properties { get; }

    /// <summary>The login name the client gave, once the exchange got that far (for the log and per-account counts); else null.</summary>
    public string? AttemptedUser { get; protected set; }

    /// <summary>Whether the exchange is over (success, failure or an exception); no more steps are allowed.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Feeds the next client message.</summary>
    /// <param name="response">
    /// On the first call, the AUTH command's initial response: null when none was given, empty for RFC 4954's
    /// <c>=</c>. On later calls, the client's decoded line (never null; empty for an empty line).
    /// </param>
    /// <param name="cancellationToken">Cancels a credential lookup.</param>
    /// <returns>The next challenge, or the outcome.</returns>
    /// <exception cref="InvalidOperationException">The exchange is already over.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is null on a later call.</exception>
    public async Task<SaslStep> StepAsync(byte[]? response, CancellationToken cancellationToken)
    {
        if (IsCompleted)
        {
            throw new InvalidOperationException($"The {Name} exchange is over.");
        }
        var initial = !_started;
        if (!initial)
        {
            ArgumentNullException.ThrowIfNull(response);
        }
        _started = true;
        IsCompleted = true; // stays so if the step throws
        var step = await NextAsync(response, initial, cancellationToken).ConfigureAwait(false);
        IsCompleted = step.Kind != SaslStepKind.Challenge;
        return step;
    }

    /// <summary>One step of the mechanism.</summary>
    /// <param name="response">As for <see cref="StepAsync"/>; null only when <paramref name="initial"/> is true.</param>
    /// <param name="initial">Whether this is the AUTH command's initial response.</param>
    /// <param name="cancellationToken">Cancels a credential lookup.</param>
    protected abstract Task<SaslStep> NextAsync(byte[]? response, bool initial, CancellationToken cancellationToken);
}
