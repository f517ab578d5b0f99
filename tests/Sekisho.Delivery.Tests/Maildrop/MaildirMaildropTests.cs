using System.Text;
using Sekisho.Delivery.Maildrop;

namespace Sekisho.Delivery.Tests.Maildrop;

public sealed class MaildirMaildropTests : IDisposable
{
    private const string First = "Received: from a\r\nSubject: one\r\n\r\nHello\r\n";
    private const string Second = "Received: from b\r\nSubject: two\r\n\r\n.dot line\r\nbye\r\n";
    private const string Third = "Received: from c\r\nSubject: three\r\n\r\nthird\r\n";

    private readonly TempMaildir _maildir = new();

    public void Dispose() => _maildir.Dispose();

    [Fact]
    public void Lists_new_and_cur_in_delivery_order_with_sizes_and_uidls()
    {
        _maildir.Deliver("1700000001.Q1R0.host", First);
        _maildir.Deliver("1700000002.Q2R0.host:2,S", Second, "cur");
        _maildir.Deliver("1700000003.Q3R0.host", Third);

        using var maildrop = Open();
        Assert.Equal(
            [
                (1, "1700000001.Q1R0.host", (long)First.Length, "new"),
                (2, "1700000002.Q2R0.host", Second.Length, "cur"),
                (3, "1700000003.Q3R0.host", Third.Length, "new"),
            ],
            maildrop.Messages.Select(m => (m.Number, m.Uidl, m.Size, m.Folder)));
        Assert.Equal(3, maildrop.Count);
        Assert.Equal(First.Length + Second.Length + Third.Length, maildrop.TotalSize);
    }

    [Fact]
    public void Size_is_the_stored_octets_with_crlf_and_without_dot_stuffing()
    {
        // RFC 1939's example sizes count CRLF; the extra dot of ".dot line" on the wire is not counted.
        _maildir.Deliver("m1", Second);
        using var maildrop = Open();
        Assert.Equal(Encoding.UTF8.GetByteCount(Second), maildrop.Messages[0].Size);
    }

    [Fact]
    public void Skips_dot_files_folders_and_tmp()
    {
        _maildir.Deliver("m1", First);
        _maildir.Deliver(".hidden", "x");
        _maildir.Deliver("in-delivery", "x", "tmp");
        Directory.CreateDirectory(Path.Combine(_maildir.Path, "cur", "sub"));
        using var maildrop = Open();
        Assert.Equal(["m1"], maildrop.Messages.Select(m => m.Uidl));
    }

    [Fact]
    public void Opens_an_account_that_has_no_maildir_yet()
    {
        var path = Path.Combine(_maildir.Path, "fresh-account");
        var result = MaildirMaildrop.Open(path);
        using var maildrop = result.Maildrop;
        Assert.Equal(MaildropOpenStatus.Opened, result.Status);
        Assert.Empty(maildrop!.Messages);
        Assert.True(Directory.Exists(Path.Combine(path, "new")));
        Assert.True(Directory.Exists(Path.Combine(path, "cur")));
        Assert.True(Directory.Exists(Path.Combine(path, "tmp")));
    }

    [Fact]
    public void A_maildir_that_cannot_be_created_is_a_failure_not_an_exception()
    {
        var file = Path.Combine(_maildir.Path, "not-a-folder");
        File.WriteAllText(file, "x");
        var result = MaildirMaildrop.Open(file);
        Assert.Equal(MaildropOpenStatus.Failed, result.Status);
        Assert.Null(result.Maildrop);
        Assert.Contains(file, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Opens_content_as_stored()
    {
        _maildir.Deliver("m1", First);
        _maildir.Deliver("m2", Second);
        using var maildrop = Open();
        Assert.Equal(MaildropLookup.Found, maildrop.TryOpenMessage(2, markRetrieved: true, out var content));
        using (content)
        {
            Assert.Equal(Second, new StreamReader(content!).ReadToEnd());
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Numbers_outside_the_snapshot_are_no_such_message(int number)
    {
        _maildir.Deliver("m1", First);
        _maildir.Deliver("m2", Second);
        using var maildrop = Open();
        Assert.Equal(MaildropLookup.NoSuchMessage, maildrop.TryGetMessage(number, out var message));
        Assert.Null(message);
        Assert.Equal(MaildropLookup.NoSuchMessage, maildrop.TryOpenMessage(number, true, out var content));
        Assert.Null(content);
        Assert.Equal(MaildropLookup.NoSuchMessage, maildrop.MarkDeleted(number));
    }

    [Fact]
    public void Dele_marks_and_hides_the_message_until_commit()
    {
        _maildir.Deliver("m1", First);
        _maildir.Deliver("m2", Second);
        using var maildrop = Open();
        Assert.Equal(MaildropLookup.Found, maildrop.MarkDeleted(1));
        Assert.Equal(MaildropLookup.Deleted, maildrop.MarkDeleted(1));
        Assert.Equal(MaildropLookup.Deleted, maildrop.TryGetMessage(1, out _));
        Assert.Equal(MaildropLookup.Deleted, maildrop.TryOpenMessage(1, true, out var content));
        Assert.Null(content);
        Assert.Equal(1, maildrop.Count);
        Assert.Equal(Second.Length, maildrop.TotalSize);
        // Numbers do not shift: message 2 is still 2.
        Assert.Equal(MaildropLookup.Found, maildrop.TryGetMessage(2, out var second));
        Assert.Equal("m2", second!.Uidl);
        Assert.Equal(["m1", "m2"], _maildir.Files("new"));
    }

    [Fact]
    public void Commit_removes_deleted_messages()
    {
        _maildir.Deliver("m1", First);
        _maildir.Deliver("m2:2,S", Second, "cur");
        _maildir.Deliver("m3", Third);
        using (var maildrop = Open())
        {
            maildrop.MarkDeleted(1);
            maildrop.MarkDeleted(2);
            var result = maildrop.Commit();
            Assert.Equal(new MaildropCommitResult(2, 0, 0, []), result with { Problems = [] });
            Assert.Empty(result.Problems);
            Assert.True(result.AllDeleted);
        }
        Assert.Equal(["m3"], _maildir.Files("new"));
        Assert.Empty(_maildir.Files("cur"));
        using var next = Open();
        Assert.Equal(["m3"], next.Messages.Select(m => m.Uidl));
    }

    [Fact]
    public void Rset_undoes_deletions()
    {
        _maildir.Deliver("m1", First);
        _maildir.Deliver("m2", Second);
        using (var maildrop = Open())
        {
            maildrop.MarkDeleted(1);
            maildrop.MarkDeleted(2);
            maildrop.Reset();
            Assert.Equal(2, maildrop.Count);
            Assert.Equal(MaildropLookup.Found, maildrop.TryGetMessage(1, out _));
            Assert.Equal(0, maildrop.Commit().Deleted);
        }
        Assert.Equal(["m1", "m2"], _maildir.Files("new"));
    }

    [Fact]
    public void Retrieved_messages_move_to_cur_as_seen_at_commit()
    {
        _maildir.Deliver("m1", First);
        _maildir.Deliver("m2", Second);
        _maildir.Deliver("m3:2,F", Third, "cur");
        _maildir.Deliver("m4:2,S", Third, "cur");
        using (var maildrop = Open())
        {
            foreach (var number in (int[])[1, 3, 4])
            {
                Assert.Equal(MaildropLookup.Found, maildrop.TryOpenMessage(number, markRetrieved: true, out var content));
                content!.Dispose();
            }
            // TOP reads without retrieving.
            Assert.Equal(MaildropLookup.Found, maildrop.TryOpenMessage(2, markRetrieved: false, out var top));
            top!.Dispose();
            var result = maildrop.Commit();
            Assert.Equal(2, result.MarkedSeen); // m1 moved, m3 flagged; m4 already seen
            Assert.Empty(result.Problems);
        }
        Assert.Equal(["m2"], _maildir.Files("new"));
        Assert.Equal(["m1:2,S", "m3:2,FS", "m4:2,S"], _maildir.Files("cur"));
        Assert.Equal(First, File.ReadAllText(Path.Combine(_maildir.Path, "cur", "m1:2,S")));
    }

    [Fact]
    public void Uidls_are_stable_across_sessions_and_moves_to_cur()
    {
        _maildir.Deliver("1700000001.Q1R0.host", First);
        _maildir.Deliver("1700000002.Q2R0.a-host-name-long-enough-to-push-the-unique-name-past-seventy-characters", Second);
        _maildir.Deliver("1700000003.Q3R0.host", Third);
        string[] before;
        using (var maildrop = Open())
        {
            before = maildrop.Messages.Select(m => m.Uidl).ToArray();
            Assert.All(before, u => Assert.InRange(u.Length, 1, 70));
            for (var number = 1; number <= 3; number++)
            {
                maildrop.TryOpenMessage(number, true, out var content);
                content!.Dispose();
            }
            maildrop.Commit();
        }
        Assert.Empty(_maildir.Files("new"));
        using (var maildrop = Open())
        {
            Assert.Equal(before, maildrop.Messages.Select(m => m.Uidl));
            Assert.All(maildrop.Messages, m => Assert.Equal("cur", m.Folder));
        }
        // Another client re-flags a message: still the same UIDL.
        File.Move(
            Path.Combine(_maildir.Path, "cur", "1700000001.Q1R0.host:2,S"),
            Path.Combine(_maildir.Path, "cur", "1700000001.Q1R0.host:2,RS"));
        using (var maildrop = Open())
        {
            Assert.Equal(before, maildrop.Messages.Select(m => m.Uidl));
        }
    }

    [Fact]
    public void A_duplicated_unique_name_still_gets_distinct_uidls()
    {
        _maildir.Deliver("m1", First);
        _maildir.Deliver("m1:2,S", First, "cur");
        using var maildrop = Open();
        Assert.Equal(2, maildrop.Messages.Select(m => m.Uidl).Distinct().Count());
    }

    [Fact]
    public void Without_commit_nothing_changes()
    {
        _maildir.Deliver("m1", First);
        _maildir.Deliver("m2:2,", Second, "cur");
        using (var maildrop = Open())
        {
            maildrop.MarkDeleted(1);
            maildrop.TryOpenMessage(2, true, out var content);
            content!.Dispose();
            // The connection is lost: the session disposes without QUIT.
        }
        Assert.Equal(["m1"], _maildir.Files("new"));
        Assert.Equal(["m2:2,"], _maildir.Files("cur"));
    }

    [Fact]
    public void A_second_session_finds_the_maildrop_in_use_until_the_first_ends()
    {
        _maildir.Deliver("m1", First);
        var first = Open();
        var second = MaildirMaildrop.Open(_maildir.Path);
        Assert.Equal(MaildropOpenStatus.InUse, second.Status);
        Assert.Null(second.Maildrop);
        Assert.Contains("locked", second.Problem, StringComparison.Ordinal);

        first.Dispose();
        using var third = Open();
        Assert.Single(third.Messages);
    }

    [Fact]
    public void The_lock_is_kept_after_commit_until_dispose()
    {
        using (var maildrop = Open())
        {
            maildrop.Commit();
            Assert.Equal(MaildropOpenStatus.InUse, MaildirMaildrop.Open(_maildir.Path).Status);
        }
        using var again = Open();
    }

    [Fact]
    public void The_lock_file_is_not_a_message()
    {
        using (Open())
        {
        }
        Assert.True(File.Exists(Path.Combine(_maildir.Path, ".sekisho-pop3.lock")));
        using var maildrop = Open();
        Assert.Empty(maildrop.Messages);
    }

    [Fact]
    public void Mail_arriving_during_a_session_waits_for_the_next_one()
    {
        _maildir.Deliver("m1", First);
        using (var maildrop = Open())
        {
            _maildir.Deliver("m2", Second);
            Assert.Single(maildrop.Messages);
            Assert.Equal(1, maildrop.Count);
            Assert.Equal(MaildropLookup.NoSuchMessage, maildrop.TryGetMessage(2, out _));
            maildrop.MarkDeleted(1);
            maildrop.Commit();
        }
        Assert.Equal(["m2"], _maildir.Files("new"));
        using var next = Open();
        Assert.Equal(["m2"], next.Messages.Select(m => m.Uidl));
    }

    [Fact]
    public void A_message_removed_by_another_program_is_reported_not_thrown()
    {
        var path = _maildir.Deliver("m1", First);
        _maildir.Deliver("m2", Second);
        using var maildrop = Open();
        File.Delete(path);
        Assert.Equal(MaildropLookup.Vanished, maildrop.TryOpenMessage(1, true, out var content));
        Assert.Null(content);
        // Still listed (the snapshot), and deleting it is no error.
        Assert.Equal(MaildropLookup.Found, maildrop.TryGetMessage(1, out _));
        Assert.Equal(MaildropLookup.Found, maildrop.MarkDeleted(1));
        Assert.Equal(MaildropLookup.Found, maildrop.TryOpenMessage(2, true, out var second));
        second!.Dispose();
        var result = maildrop.Commit();
        Assert.Equal(1, result.Deleted);
        Assert.True(result.AllDeleted);
        Assert.Equal(["m2:2,S"], _maildir.Files("cur"));
    }

    [Fact]
    public void A_retrieved_message_removed_before_commit_is_skipped()
    {
        var path = _maildir.Deliver("m1", First);
        using var maildrop = Open();
        maildrop.TryOpenMessage(1, true, out var content);
        content!.Dispose();
        File.Delete(path);
        var result = maildrop.Commit();
        Assert.Equal(0, result.MarkedSeen);
        Assert.Empty(result.Problems);
        Assert.Empty(_maildir.Files("cur"));
    }

    [Fact]
    public void A_message_moved_by_another_program_is_found_again()
    {
        var path = _maildir.Deliver("m1", First);
        _maildir.Deliver("m2", Second);
        using var maildrop = Open();
        // Another mail client reads m1 and m2 meanwhile.
        File.Move(path, Path.Combine(_maildir.Path, "cur", "m1:2,S"));
        File.Move(Path.Combine(_maildir.Path, "new", "m2"), Path.Combine(_maildir.Path, "cur", "m2:2,RS"));
        Assert.Equal(MaildropLookup.Found, maildrop.TryOpenMessage(1, true, out var content));
        using (content)
        {
            Assert.Equal(First, new StreamReader(content!).ReadToEnd());
        }
        maildrop.MarkDeleted(2);
        var result = maildrop.Commit();
        Assert.Equal(1, result.Deleted);
        Assert.Equal(["m1:2,S"], _maildir.Files("cur"));
    }

    [Fact]
    public void An_open_message_stays_readable_when_its_file_is_removed()
    {
        var path = _maildir.Deliver("m1", First);
        using var maildrop = Open();
        maildrop.TryOpenMessage(1, true, out var content);
        using (content)
        {
            if (!OperatingSystem.IsWindows())
            {
                File.Delete(path);
            }
            Assert.Equal(First, new StreamReader(content!).ReadToEnd());
        }
    }

    [Fact]
    public void Nothing_is_allowed_after_commit_or_dispose()
    {
        _maildir.Deliver("m1", First);
        var maildrop = Open();
        maildrop.Commit();
        Assert.Throws<InvalidOperationException>(() => maildrop.Commit());
        Assert.Throws<InvalidOperationException>(() => maildrop.MarkDeleted(1));
        Assert.Throws<InvalidOperationException>(() => maildrop.TryGetMessage(1, out _));
        Assert.Throws<InvalidOperationException>(maildrop.Reset);
        maildrop.Dispose();
        maildrop.Dispose();
        Assert.Throws<ObjectDisposedException>(() => maildrop.TryOpenMessage(1, true, out _));
    }

    private MaildirMaildrop Open()
    {
        var result = MaildirMaildrop.Open(_maildir.Path);
        Assert.Equal(MaildropOpenStatus.Opened, result.Status);
        return result.Maildrop!;
    }
}
