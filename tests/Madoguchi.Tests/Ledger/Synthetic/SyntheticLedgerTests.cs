using System.Text.RegularExpressions;

using Madoguchi.Ledger;

namespace Madoguchi.Tests.Ledger.Synthetic;

public sealed partial class SyntheticLedgerTests
{
    private static readonly DateOnly Today = new(2025, 3, 10);

    [Fact]
    public void SameSeedGivesSameCards()
    {
        List<SyntheticCard> first = [.. SyntheticLedger.Cards(2_000, 42, Today)];
        List<SyntheticCard> second = [.. SyntheticLedger.Cards(2_000, 42, Today)];

        Assert.Equal(first, second);
    }

    [Fact]
    public void DifferentSeedGivesDifferentCards()
    {
        List<SyntheticCard> first = [.. SyntheticLedger.Cards(100, 1, Today)];
        List<SyntheticCard> second = [.. SyntheticLedger.Cards(100, 2, Today)];

        Assert.NotEqual(first, second);
        Assert.Empty(first.Select(card => card.ManagementNumber).Intersect(second.Select(card => card.ManagementNumber)));
    }

    [Fact]
    public void SameSeedGivesSameCsv()
    {
        Assert.Equal(WriteCsv(3_000, 9), WriteCsv(3_000, 9));
    }

    [Fact]
    public void ManagementNumbersAreUniqueWellFormedAndNotSequential()
    {
        HashSet<string> numbers = new(200_000, StringComparer.Ordinal);
        HashSet<string> prefixesOfFirstThousand = new(StringComparer.Ordinal);
        Regex format = ManagementNumberFormat();
        int index = 0;
        foreach (SyntheticCard card in SyntheticLedger.Cards(200_000, 20250310, Today))
        {
            Assert.True(format.IsMatch(card.ManagementNumber), card.ManagementNumber);
            Assert.True(numbers.Add(card.ManagementNumber), $"duplicate {card.ManagementNumber} at {index}");
            if (index < 1_000)
            {
                prefixesOfFirstThousand.Add(card.ManagementNumber[..3]);
            }

            index++;
        }

        Assert.Equal(200_000, numbers.Count);
        Assert.True(prefixesOfFirstThousand.Count > 900, $"only {prefixesOfFirstThousand.Count} prefixes in the first 1,000 numbers");
    }

    [Fact]
    public void DatesStayInRange()
    {
        DateOnly oldest = Today.AddYears(-101).AddDays(1);
        DateOnly firstArrival = Today.AddDays(-60);
        DateOnly lastArrival = Today.AddDays(-1);
        int children = 0;
        int elderly = 0;
        foreach (SyntheticCard card in SyntheticLedger.Cards(50_000, 5, Today))
        {
            Assert.InRange(card.BirthDate, oldest, Today);
            Assert.InRange(card.Arrived, firstArrival, lastArrival);
            Assert.True(card.BirthDate < card.Arrived, $"{card.ManagementNumber} arrived before birth");
            if (card.BirthDate > Today.AddYears(-10))
            {
                children++;
            }
            else if (card.BirthDate <= Today.AddYears(-80))
            {
                elderly++;
            }
        }

        Assert.InRange(children, 2_000, 6_000);
        Assert.InRange(elderly, 3_000, 8_000);
    }

    [Fact]
    public void SexAgreesWithGivenName()
    {
        HashSet<string> family = [.. SyntheticLedger.FamilyNameList];
        HashSet<string> male = [.. SyntheticLedger.MaleGivenNames];
        HashSet<string> female = [.. SyntheticLedger.FemaleGivenNames];
        Assert.Empty(male.Intersect(female));
        Assert.True(family.Count >= 60);
        Assert.True(male.Count >= 40);
        Assert.True(female.Count >= 40);

        foreach (SyntheticCard card in SyntheticLedger.Cards(20_000, 11, Today))
        {
            string[] parts = card.Name.Split('\u3000');
            Assert.Equal(2, parts.Length);
            Assert.Contains(parts[0], family);
            switch (card.Sex)
            {
                case "男":
                    Assert.Contains(parts[1], male);
                    break;
                case "女":
                    Assert.Contains(parts[1], female);
                    break;
                default:
                    Assert.Fail($"unexpected sex {card.Sex}");
                    break;
            }
        }
    }

    [Fact]
    public void KindsAndAddressesHaveTheIntendedMix()
    {
        int reissues = 0;
        int renewals = 0;
        int csvSensitive = 0;
        int fullWidthLookAlikes = 0;
        const int count = 100_000;
        foreach (SyntheticCard card in SyntheticLedger.Cards(count, 3, Today))
        {
            Assert.StartsWith("長野県上田市", card.Address, StringComparison.Ordinal);
            Assert.Contains(card.Kind, (string[])["新規", "再交付", "更新"]);
            reissues += card.Kind == "再交付" ? 1 : 0;
            renewals += card.Kind == "更新" ? 1 : 0;
            csvSensitive += card.Address.AsSpan().IndexOfAny(",\"") >= 0 ? 1 : 0;
            fullWidthLookAlikes += card.Address.AsSpan().IndexOfAny("，＂、") >= 0 ? 1 : 0;
        }

        Assert.InRange(reissues, count * 6 / 100, count * 10 / 100);
        Assert.InRange(renewals, count * 3 / 100, count * 5 / 100);
        Assert.InRange(csvSensitive, count / 400, count / 100);
        Assert.InRange(fullWidthLookAlikes, count / 100, count / 25);
    }

    [Fact]
    public void CsvStartsWithExactHeaderAndUsesCrlf()
    {
        string csv = WriteCsv(500, 1);

        Assert.StartsWith(SyntheticLedger.Header + "\r\n", csv, StringComparison.Ordinal);
        Assert.Equal("管理番号,氏名,生年月日,性別,住所,申請区分,到着日", SyntheticLedger.Header);
        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(csv.Count(c => c == '\n'), csv.Count(c => c == '\r'));
        Assert.Equal(501, csv.Count(c => c == '\n'));
    }

    [Fact]
    public void EmptyLedgerIsJustTheHeader()
    {
        Assert.Equal(SyntheticLedger.Header + "\r\n", WriteCsv(0, 1));
        Assert.Empty(SyntheticLedger.Cards(0, 1, Today));
    }

    [Fact]
    public void NegativeCountIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticLedger.Cards(-1, 1, Today));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticLedger.WriteCsv(TextWriter.Null, -1, 1, Today));
    }

    [Fact]
    public void CsvRowsMatchCardsAndQuoteOnlyWhereNeeded()
    {
        const int count = 20_000;
        string csv = WriteCsv(count, 77);
        List<string[]> records = ParseCsv(csv);
        List<SyntheticCard> cards = [.. SyntheticLedger.Cards(count, 77, Today)];

        Assert.Equal(count + 1, records.Count);
        Assert.Equal(SyntheticLedger.Header.Split(','), records[0]);
        for (int i = 0; i < count; i++)
        {
            SyntheticCard card = cards[i];
            string[] expected =
            [
                card.ManagementNumber,
                card.Name,
                card.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                card.Sex,
                card.Address,
                card.Kind,
                card.Arrived.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ];
            Assert.Equal(expected, records[i + 1]);
        }

        string[] lines = csv.Split("\r\n");
        Assert.Contains(lines, line => line.Contains("\"\"", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains('，') && !line.Contains('"'));
    }

    [Fact]
    public void Cp932RoundTripsIncludingExtendedKanji()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Encoding strict = Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        string text = WriteCsv(20_000, 932);
        Assert.Contains('髙', text);
        Assert.Contains('﨑', text);

        using MemoryStream stream = new();
        using (StreamWriter writer = new(stream, Encoding.GetEncoding(932), 4096, leaveOpen: true))
        {
            SyntheticLedger.WriteCsv(writer, 20_000, 932, Today);
        }

        byte[] bytes = stream.ToArray();
        Assert.Equal(strict.GetBytes(text), bytes);
        Assert.Equal(text, strict.GetString(bytes));
    }

    private static string WriteCsv(int count, int seed)
    {
        using StringWriter writer = new();
        SyntheticLedger.WriteCsv(writer, count, seed, Today);
        return writer.ToString();
    }

    // A strict RFC 4180 reader: records end with CRLF, quoted fields may contain commas and doubled quotes.
    // It also fails on quoting that is not needed, since the writer should quote only where RFC 4180 requires it.
    private static List<string[]> ParseCsv(string csv)
    {
        List<string[]> records = [];
        List<string> fields = [];
        StringBuilder field = new();
        int i = 0;
        while (i < csv.Length)
        {
            if (csv[i] == '"')
            {
                i++;
                while (true)
                {
                    if (csv[i] == '"')
                    {
                        if (i + 1 < csv.Length && csv[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    Assert.True(i + 1 < csv.Length, "unterminated quoted field");

                    field.Append(csv[i]);
                    i++;
                }

                Assert.True(field.ToString().AsSpan().IndexOfAny(",\"\r\n") >= 0, $"needlessly quoted field {field}");
            }
            else
            {
                while (i < csv.Length && csv[i] != ',' && csv[i] != '\r')
                {
                    Assert.NotEqual('"', csv[i]);
                    field.Append(csv[i]);
                    i++;
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (csv[i] == ',')
            {
                i++;
            }
            else
            {
                Assert.Equal("\r\n", csv.Substring(i, 2));
                i += 2;
                records.Add([.. fields]);
                fields.Clear();
            }
        }

        return records;
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]{2}-[0-9]{6}$")]
    private static partial Regex ManagementNumberFormat();
}
