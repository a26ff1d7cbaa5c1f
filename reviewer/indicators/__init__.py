"""Trial and enforcement quality indicators (审判执行质效): case register, engine, dashboard."""
