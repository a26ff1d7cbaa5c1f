"""Monthly excellent/flawed judgment rankings (月度优秀/瑕疵裁判文书) and their publication."""
