import Fluent

/// Every migration, in order. Landed migrations are never edited; add a new file instead.
public enum BackboneMigrations {
    public static let all: [any Migration] = [CreateFoundation(), CreateMeasurement(), CreateSubmissionEvents(), CreateRollups(),
                                                IndexReads(), CreateRollupGenerations(), IndexReportAudit(), CreateAgenda(),
                                                CreateTheoryOfChange(), CreateGovernance(),
                                                CreateMeetings(), CreateNotifications(), CreateComments(), CreateUpdates(),
                                                CreateStories(), CreateCalendarFeeds(), CreateKnownBrowsers(), CreateHeldForms(), AddUserLanguage(), AddUpdateLanguage(), AddTimeZones(),
                                                AddStoryPhotoAlt(), AddIndicatorTranslations(), CreateImpactReports(), CreatePublishing(),
                                                CreateScenarios(), CreateAssessments(), CreateFunding(), CreateOutreach(), CreateImports(), CreateWebhooks(),
                                                ClusterPartnerRollups(), CreateSetupGenerations(), AggregateCascadeTriggers()]
}
