namespace Sekisho.Policy.Restrictions;

/// <summary>A restriction whose answer needs no I/O, given as a function (most of Postfix's built-ins).</summary>
internal sealed class SimpleRestriction : IRestriction
{
    private readonly Func<RestrictionContext, RestrictionListName, Verdict> _decide;

    public SimpleRestriction(string name, Func<RestrictionContext, RestrictionListName, Verdict> decide)
    {
        Name = name;
        _decide = decide;
    }

    public string Name { get; }

    public ValueTask<Verdict> EvaluateAsync(RestrictionContext context, RestrictionListName list, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_decide(context, list));
}
