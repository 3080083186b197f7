namespace Madoguchi.Backups;

/// <summary>The refusals of backup and restore, each saying what to do next (ADR 0030).</summary>
public static class BackupProblems
{
    public static Problem Refused(string code, string title, string detail, string english) =>
        new(code, 409, title, detail) { English = english };

    public static Problem Failed(string code, string title, string detail, string english) =>
        new(code, 500, title, detail) { English = english };
}
