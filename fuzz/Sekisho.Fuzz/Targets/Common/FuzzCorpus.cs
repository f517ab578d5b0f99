namespace Sekisho.Fuzz.Targets;

/// <summary>Finds the checked-in inputs of a target: <c>fuzz/corpus/TARGET/*</c> and <c>fuzz/regressions/TARGET/*</c>.</summary>
internal static class FuzzCorpus
{
    /// <summary>The repository's <c>fuzz</c> folder, found upwards from the running assembly.</summary>
    /// <exception cref="DirectoryNotFoundException">No enclosing folder has <c>fuzz/corpus</c>.</exception>
    public static string FuzzFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "fuzz");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "corpus")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("no fuzz/corpus folder above " + AppContext.BaseDirectory);
    }

    /// <summary>Every seed and regression input of the targets, as (target name, path relative to <c>fuzz/</c>).</summary>
    /// <param name="targets">The targets.</param>
    public static IEnumerable<(string Target, string File)> Inputs(IEnumerable<IFuzzTarget> targets)
    {
        var fuzz = FuzzFolder();
        foreach (var target in targets)
        {
            foreach (var kind in new[] { "corpus", "regressions" })
            {
                var folder = Path.Combine(fuzz, kind, target.Name);
                if (!System.IO.Directory.Exists(folder))
                {
                    continue;
                }
                foreach (var file in System.IO.Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
                {
                    yield return (target.Name, Path.GetRelativePath(fuzz, file));
                }
            }
        }
    }

    /// <summary>Runs one checked-in input through its target on another thread, failing when it takes longer than <paramref name="limit"/>.</summary>
    /// <param name="target">The target.</param>
    /// <param name="relativePath">The input, relative to <c>fuzz/</c>.</param>
    /// <param name="limit">The longest a run may take (a hang is a failure).</param>
    /// <exception cref="TimeoutException">The run did not finish in time.</exception>
    public static void Replay(IFuzzTarget target, string relativePath, TimeSpan limit)
    {
        var bytes = File.ReadAllBytes(Path.Combine(FuzzFolder(), relativePath));
        var run = Task.Factory.StartNew(() => target.Run(bytes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!((IAsyncResult)run).AsyncWaitHandle.WaitOne(limit))
        {
            throw new TimeoutException($"{target.Name} did not finish {relativePath} within {limit.TotalSeconds} s");
        }
        run.GetAwaiter().GetResult();
    }
}
