"""Editions of the activity report: renderers (HTML, PDF, XLSX), frozen editions and free pages."""
