package store

import (
	"context"

	"pitboss/alerts"
)

// AlertCounts counts the alerts pending and firing, over every user and source, by kind and phase
// ("pending" or "firing"): what the metrics show.
func (s *Store) AlertCounts(ctx context.Context) (map[[2]string]int, error) {
	var rows []struct {
		Kind  string
		Phase int
		N     int
	}
	err := s.db.WithContext(ctx).Model(&alertStateRow{}).Select("kind, phase, count(*) AS n").
		Where("phase IN ?", []int{int(alerts.Pending), int(alerts.Firing)}).Group("kind, phase").Scan(&rows).Error
	if err != nil {
		return nil, translate("count alerts", err)
	}
	out := make(map[[2]string]int, len(rows))
	for _, r := range rows {
		phase := "pending"
		if alerts.Phase(r.Phase) == alerts.Firing {
			phase = "firing"
		}
		out[[2]string{r.Kind, phase}] += r.N
	}
	return out, nil
}
