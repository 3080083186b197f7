namespace Madoguchi.Demo;

public static class DemoKeys
{
    public const string Password = "renshu-madoguchi";

    public static string For(string login)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("madoguchi-demo|" + login));
        return new string(hash.Take(16).Select(b => Alphabet[b % 32]).ToArray());
    }
}
