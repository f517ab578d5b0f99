namespace Sekisho.Cli.Sendmail;

/// <summary>What a sendmail invocation does (its <c>-b</c> option, or <c>-q</c>, or the name it was run under).</summary>
internal enum SendmailMode
{
    /// <summary>Read a message from standard input and submit it (<c>-bm</c>, the default).</summary>
    Deliver,

    /// <summary><c>-bs</c>: speak SMTP on standard input and output.</summary>
    Smtp,

    /// <summary><c>-bp</c>, or run as <c>mailq</c>: list the queue.</summary>
    ListQueue,

    /// <summary><c>-bi</c> or <c>-I</c>, or run as <c>newaliases</c>: compile the aliases.</summary>
    NewAliases,

    /// <summary><c>-q</c>: deliver the deferred mail now.</summary>
    Flush,

    /// <summary>Options Sendmail runs a daemon for (<c>-bd</c>, <c>-q30m</c>): nothing to do (the server is <c>sekisho serve</c>).</summary>
    Nothing,
}
