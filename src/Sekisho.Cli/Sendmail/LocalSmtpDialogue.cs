using Sekisho.Config;

namespace Sekisho.Cli.Sendmail;

/// <summary><c>sendmail -bs</c>: an SMTP dialogue on standard input and output whose messages go to the maildrop folder.</summary>
internal sealed class LocalSmtpDialogue
{
    private readonly SekishoSettings _settings;
    private readonly LocalSubmitter _submitter;
    private readonly string _defaultSender;

    public LocalSmtpDialogue(SekishoSettings settings, LocalSubmitter submitter, string defaultSender)
    {
        _settings = settings;
        _submitter = submitter;
        _defaultSender = defaultSender;
    }

    public Task RunAsync(Stream input, Stream output, CancellationToken cancellationToken) => throw new NotImplementedException();
}
