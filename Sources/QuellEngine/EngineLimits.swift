/// Named bounds of the engine (spec §8 where it gives numbers).
public enum EngineLimits {
    /// Spec §8: recommended remediation batch ≤ 50,000 messages; a cluster never grows past it.
    public static let clusterMessagesMax = 50_000
    /// URLs of one reported message looked up against intel and the index.
    public static let urlsPerInvestigationMax = 500
    /// A job that keeps failing is given up after this many attempts.
    public static let jobAttemptsMax = 5
    /// How long a worker owns a claimed job before another may take it over.
    public static let jobLeaseSeconds: Double = 120
    /// Spec §4.3 (2023): the same cluster approved again within an hour is not executed again.
    public static let duplicateApprovalWindowSeconds: Double = 3600
    /// Body text kept for full-text search per message.
    public static let searchTextBytesMax = 64 * 1024
    /// Messages per ingestion transaction (import and batch API).
    public static let ingestBatchMax = 500
    /// Messages per batch request to the API.
    public static let apiBatchMessagesMax = 1000
    /// Search results per query.
    public static let searchResultsMax = 1000
    /// Reported and ingested messages larger than this are refused.
    public static let messageBytesMax = 50 * 1024 * 1024
}
