from django.urls import path

from lms.reports.api import views

urlpatterns = [
    path("reports/lms-overview/", views.OverviewReport.as_view(), name="report-lms-overview"),
    path("reports/course-detail/", views.CourseDetailReport.as_view(), name="report-course-detail"),
    path("reports/course-activities/", views.CourseActivities.as_view(), name="report-course-activities"),
    path("reports/activity-lookup/", views.ActivityLookup.as_view(), name="report-activity-lookup"),
    path("reports/gradebook/<int:pk>/", views.Gradebook.as_view(), name="report-gradebook"),
    path("reports/submissions/", views.LearnerSubmissions.as_view(), name="report-submissions"),
    path("reports/course-submissions/", views.CourseSubmissions.as_view(), name="report-course-submissions"),
    path("reports/dashboard-statistics/", views.DashboardStatistics.as_view(), name="report-dashboard"),
    path("reports/user-courses/", views.UserCoursesReport.as_view(), name="report-user-courses"),
    path("reports/my-portal-courses/", views.LearnerPortalCourses.as_view(), name="report-my-portal-courses"),
    path("reports/enroll-content/", views.EnrollContent.as_view(), name="report-enroll-content"),
    path("reports/auto-enroll-courses/", views.AutoEnrollCourses.as_view(), name="report-auto-enroll"),
    path("reports/portal-courses/", views.PortalCourses.as_view(), name="report-portal-courses"),
    path("reports/portal-users/", views.PortalUsers.as_view(), name="report-portal-users"),
    path("reports/current-portal/", views.CurrentPortalUpdate.as_view(), name="report-current-portal"),
    path("reports/portal-details/", views.PortalDetailsReport.as_view(), name="report-portal-details"),
]
