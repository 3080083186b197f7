namespace Madoguchi.Tests.Infrastructure;

/// <summary>The checkout the tests were built from, for tests that read the sources themselves.</summary>
public static class Repository
{
    /// <summary>The folder holding Madoguchi.slnx, above the test assembly.</summary>
    public static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Madoguchi.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Madoguchi.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
